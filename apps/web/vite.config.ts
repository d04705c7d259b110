import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Everything is bundled (no CDN): the server serves dist/ and the API from one origin.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
