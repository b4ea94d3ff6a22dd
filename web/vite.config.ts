import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Built into target/classes/kiln-web so the jar carries the UI; the server serves it at /.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'target/classes/kiln-web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: false,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
