/** The words of a resident's contract and its amendments, zh-CN first, merged into `carehome.contract.*`. */
import { i18n } from '@/i18n';

const zhCN = {
  amend: '变更合同',
  title: '{name} 变更合同',
  rule: '护理等级与月费自某月 1 日起变更（次月生效），已出账的月份不能再变更。',
  fromMonth: '自哪个月起',
  careLevel: '护理等级',
  price: '月费',
  priceHint: '默认为该等级在当月的标准价',
  reason: '变更原因',
  save: '保存变更',
  saved: '{name} 的合同已变更，自 {month} 起为{level}',
  history: '合同记录',
  atAdmission: '入住时：{level}，月费 {price}',
  amended: '{month} 起：{level}，月费 {price}（{reason}）',
  noLevels: '该月没有可选的护理等级',
  badPrice: '请输入金额，例如 3000 或 3000.50',
  assessedOther: '最近评估为{level}，与合同不同',
};

const en = {
  amend: 'Amend contract',
  title: 'Amend the contract of {name}',
  rule: 'A care level and price change from the 1st of a month (usually the next); a month already billed cannot change.',
  fromMonth: 'From the month',
  careLevel: 'Care level',
  price: 'Monthly price',
  priceHint: 'The level’s price that month unless changed',
  reason: 'Reason',
  save: 'Save amendment',
  saved: 'The contract of {name} is amended: {level} from {month}',
  history: 'Contract history',
  atAdmission: 'At admission: {level}, {price} a month',
  amended: 'From {month}: {level}, {price} a month ({reason})',
  noLevels: 'No care level for that month',
  badPrice: 'Enter an amount such as 3000 or 3000.50',
  assessedOther: 'Latest assessment: {level}, not the contract’s',
};

i18n.global.mergeLocaleMessage('zh-CN', { carehome: { contract: zhCN } });
i18n.global.mergeLocaleMessage('en', { carehome: { contract: en } });
