/** Words of the canteen members tab(s), zh-CN first; merged under `canteen.members.*` by ../messages.ts. */
const zhCN = {
  todo: '建设中',
};

const en: typeof zhCN = {
  todo: 'Being built',
};

export const membersMessages = { 'zh-CN': zhCN, en };
