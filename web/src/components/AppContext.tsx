import { createContext, useContext } from 'react';
import type { Shop } from '../api/types';

export interface ToastOptions {
  error?: boolean;
  action?: { content: string; onAction: () => void };
}

export interface AppContextValue {
  shop: Shop | null;
  showToast(message: string, options?: ToastOptions): void;
}

export const AppContext = createContext<AppContextValue>({ shop: null, showToast: () => undefined });

export const useApp = () => useContext(AppContext);
