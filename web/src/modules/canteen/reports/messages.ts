/** Words of the canteen reports tab(s), zh-CN first; merged under `canteen.reports.*` by ../messages.ts. */
const zhCN = {
  todo: '建设中',
};

const en: typeof zhCN = {
  todo: 'Being built',
};

export const reportsMessages = { 'zh-CN': zhCN, en };
