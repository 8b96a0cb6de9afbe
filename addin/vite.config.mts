import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * One multi-page build for the Outlook add-in task pane (and, later, the Teams tab). The pages import the shared
 * domain model from functions/src/domain. Output: addin/dist, served by the local host on WEB_PORT and deployed as
 * static files.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  publicDir: 'public',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: false,
    rollupOptions: {
      input: { taskpane: resolve(import.meta.dirname, 'taskpane.html'), tab: resolve(import.meta.dirname, 'tab.html') },
      // Fluent UI marks its modules 'use client' (for React Server Components); meaningless in this bundle.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: { host: '127.0.0.1', port: 3000, strictPort: true },
});
