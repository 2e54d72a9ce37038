import { Badge, Frame, InlineStack, Navigation, Text, Toast, TopBar } from '@shopify/polaris';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Route, Routes, useLocation } from 'react-router-dom';
import { api } from './api/client';
import type { Shop } from './api/types';
import { AppContext, type ToastOptions } from './components/AppContext';
import { ActivityPage } from './pages/Activity';
import { ConnectorPage } from './pages/Connector';
import { ConnectorsPage } from './pages/Connectors';
import { EditorPage } from './pages/Editor';
import { NotFoundPage } from './pages/NotFound';
import { RunPage } from './pages/Run';
import { SettingsPage } from './pages/Settings';
import { TemplatesPage } from './pages/Templates';
import { WorkflowsPage } from './pages/Workflows';

interface ToastState extends ToastOptions {
  id: number;
  message: string;
}

export function App() {
  const location = useLocation();
  const [shop, setShop] = useState<Shop | null>(null);
  const [toast, setToast] = useState<ToastState | null>(null);
  const [navOpen, setNavOpen] = useState(false);
  const [userMenuOpen, setUserMenuOpen] = useState(false);

  useEffect(() => {
    api.get<Shop>('/shop').then(setShop, () => setShop(null));
  }, []);
  useEffect(() => setNavOpen(false), [location.pathname]);

  const showToast = useCallback((message: string, options: ToastOptions = {}) => setToast({ id: Date.now(), message, ...options }), []);
  const ctx = useMemo(() => ({ shop, showToast }), [shop, showToast]);

  const path = location.pathname;
  const local = shop?.mode === 'local';
  const topBar = (
    <TopBar
      showNavigationToggle
      onNavigationToggle={() => setNavOpen((o) => !o)}
      secondaryMenu={
        local ? (
          <InlineStack blockAlign="center">
            <Badge tone="info">Local mode · dev shop</Badge>
          </InlineStack>
        ) : undefined
      }
      userMenu={
        <TopBar.UserMenu
          name={shop?.name || shop?.domain || 'Shop'}
          detail={shop?.domain}
          initials={(shop?.name || shop?.domain || 'S').slice(0, 1).toUpperCase()}
          open={userMenuOpen}
          onToggle={() => setUserMenuOpen((o) => !o)}
          actions={[{ items: [{ content: shop ? `Mode: ${shop.mode}` : 'Loading shop…' }] }]}
        />
      }
    />
  );
  const nav = (
    <Navigation location={path}>
      <Navigation.Section
        title="Switchboard"
        items={[
          { url: '/', label: 'Workflows', selected: path === '/' || path.startsWith('/workflows') },
          { url: '/activity', label: 'Activity', selected: path.startsWith('/activity') },
          { url: '/templates', label: 'Templates', selected: path.startsWith('/templates') },
          { url: '/connectors', label: 'Connectors', selected: path.startsWith('/connectors') },
          { url: '/settings', label: 'Settings', selected: path.startsWith('/settings') },
        ]}
      />
    </Navigation>
  );

  return (
    <AppContext.Provider value={ctx}>
      <Frame
        topBar={topBar}
        navigation={nav}
        showMobileNavigation={navOpen}
        onNavigationDismiss={() => setNavOpen(false)}
        skipToContentTarget={undefined}
      >
        {shop === null ? null : (
          <Text as="span" visuallyHidden>
            {`Shop ${shop.domain}`}
          </Text>
        )}
        <Routes>
          <Route path="/" element={<WorkflowsPage />} />
          <Route path="/workflows/new" element={<EditorPage />} />
          <Route path="/workflows/:id" element={<EditorPage />} />
          <Route path="/activity" element={<ActivityPage />} />
          <Route path="/activity/:runId" element={<RunPage />} />
          <Route path="/connectors" element={<ConnectorsPage />} />
          <Route path="/connectors/:clientId" element={<ConnectorPage />} />
          <Route path="/templates" element={<TemplatesPage />} />
          <Route path="/settings" element={<SettingsPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
        {toast && (
          <Toast
            key={toast.id}
            content={toast.message}
            error={toast.error}
            action={toast.action}
            duration={toast.action ? 10000 : 5000}
            onDismiss={() => setToast(null)}
          />
        )}
      </Frame>
    </AppContext.Provider>
  );
}
