/** Words of the canteen counter tab(s), zh-CN first; merged under `canteen.counter.*` by ../messages.ts. */
const zhCN = {
  todo: '建设中',
};

const en: typeof zhCN = {
  todo: 'Being built',
};

export const counterMessages = { 'zh-CN': zhCN, en };
