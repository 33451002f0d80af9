/** Words of the canteen plans tab(s), zh-CN first; merged under `canteen.plans.*` by ../messages.ts. */
const zhCN = {
  todo: '建设中',
};

const en: typeof zhCN = {
  todo: 'Being built',
};

export const plansMessages = { 'zh-CN': zhCN, en };
