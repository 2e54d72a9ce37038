import '@shopify/polaris/build/esm/styles.css';
import { AppProvider } from '@shopify/polaris';
import en from '@shopify/polaris/locales/en.json';
import { StrictMode, type ComponentProps } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { App } from './App';
import { RouterLink } from './components/RouterLink';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter>
      <AppProvider i18n={en} linkComponent={RouterLink as ComponentProps<typeof AppProvider>['linkComponent']}>
        <App />
      </AppProvider>
    </BrowserRouter>
  </StrictMode>,
);
