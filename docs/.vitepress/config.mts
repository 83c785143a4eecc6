import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitepress';

// The API reference is generated into docs/api by tools/docs/api.mjs (typedoc); list what is there.
const apiPackagesDir = fileURLToPath(new URL('../api/@metatune/', import.meta.url));
const apiPackages = existsSync(apiPackagesDir) ? readdirSync(apiPackagesDir).sort() : [];

export default defineConfig({
  title: 'metatune',
  description: 'Meta-learning and hyperparameter optimization for TypeScript, on TensorFlow.js',
  cleanUrls: true,
  // typedoc copies example URLs from doc comments (http://localhost:8000/...).
  ignoreDeadLinks: 'localhostLinks',
  lastUpdated: false,
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/guide/getting-started' },
      { text: 'API', link: '/api/' },
    ],
    sidebar: {
      '/guide/': [
        {
          text: 'Guide',
          items: [
            { text: 'Getting started', link: '/guide/getting-started' },
            { text: 'The packages', link: '/guide/packages' },
            { text: 'Backends', link: '/guide/backends' },
          ],
        },
        {
          text: 'Concepts',
          items: [
            { text: 'Params trees', link: '/guide/params' },
            { text: 'Gradients', link: '/guide/gradients' },
            { text: 'The plugin registry', link: '/guide/registry' },
            { text: 'Contracts', link: '/guide/contracts' },
            { text: 'Writing a plugin', link: '/guide/writing-a-plugin' },
          ],
        },
      ],
      '/api/': [
        {
          text: 'API reference',
          link: '/api/',
          items: apiPackages.map((name) => ({ text: `@metatune/${name}`, link: `/api/@metatune/${name}/` })),
        },
      ],
    },
    search: { provider: 'local' },
    socialLinks: [{ icon: 'github', link: 'https://github.com/metatune/metatune' }],
  },
});
