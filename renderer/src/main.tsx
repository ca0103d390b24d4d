import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { applyTheme, readThemeChoice } from './app/theme';
import { ToastProvider } from './components/Toasts';
import { prefetchInventory } from './features/inventory/inventoryData';
import './styles/tokens.css';
import './styles/app.css';

applyTheme(readThemeChoice());
prefetchInventory();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <ToastProvider>
      <App />
    </ToastProvider>
  </StrictMode>,
);
