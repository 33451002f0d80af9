/** The words of a care level's quoted price, zh-CN first, merged into `carehome.price.*`. */
import { i18n } from '@/i18n';

const zhCN = {
  quote: '家属每日 {day}（补贴后），30 天 {month}',
  fullCost: '；全成本每日 {full}',
  refused: '暂无报价：{reason}',
  line: '计价项目',
  now: '现行价：',
  perMonth: '{price}/30 天',
};

const en = {
  quote: 'Family pays {day} a day after subsidies, {month} for 30 days',
  fullCost: '; full cost {full} a day',
  refused: 'No price yet: {reason}',
  line: 'Priced on',
  now: 'Price now: ',
  perMonth: '{price} per 30 days',
};

i18n.global.mergeLocaleMessage('zh-CN', { carehome: { price: zhCN } });
i18n.global.mergeLocaleMessage('en', { carehome: { price: en } });
