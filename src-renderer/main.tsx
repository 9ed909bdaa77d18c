import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setApi } from './api.ts';
import { App } from './App.tsx';
import { installWorkbench } from './host/install.ts';
import './styles.css';

const root = document.getElementById('root');
const api = installWorkbench();
if (root && api) {
  setApi(api);
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
} else if (root) {
  // Opened without the access token (a bookmarked or copied address): say how to get in.
  root.innerHTML = '';
  const message = document.createElement('div');
  message.className = 'no-token';
  message.textContent =
    'This page needs the address printed by `npm start` (or `workbench serve`): it carries the access token for this run. Open that address instead.';
  root.append(message);
}
