import type {Config} from '@docusaurus/types';

// A project blog shaped like a real Kubernetes project's: English posts in blog/, Chinese
// versions in i18n/zh-Hans/, and an AGENTS.md the blog plugin is told to leave out.
const config: Config = {
  title: 'Kube Project',
  url: 'https://kube-project.example.io',
  baseUrl: '/',
  i18n: {
    defaultLocale: 'en',
    locales: ['en', 'zh-Hans'],
  },
  presets: [
    [
      'classic',
      {
        blog: {
          showReadingTime: true,
          feedOptions: {type: 'all', copyright: `Copyright © ${new Date().getFullYear()}`},
          blogSidebarCount: 'ALL',
          exclude: ['**/AGENTS.md'],
        },
      },
    ],
  ],
};

export default config;
