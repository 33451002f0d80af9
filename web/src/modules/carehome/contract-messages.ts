/** The words of a resident's contract and its amendments, zh-CN first, merged into `carehome.contract.*`. */
import { i18n } from '@/i18n';

const zhCN = {
  amend: '变更合同',
  title: '{name} 变更合同',
  rule: '护理等级自某月 1 日起变更（次月生效），已出账的月份不能再变更；月费按新等级在成本分摊中的报价计算。',
  fromMonth: '自哪个月起',
  careLevel: '护理等级',
  price: '月费（签约时报价）',
  priceHint: '不可手填：保存时按该等级在所选月份 1 日的报价记入合同，账单按同一报价计费',
  reason: '变更原因',
  save: '保存变更',
  saved: '{name} 的合同已变更，自 {month} 起为{level}',
  history: '合同记录',
  atAdmission: '入住时：{level}，签约时报价 {price}/月',
  amended: '{month} 起：{level}，签约时报价 {price}/月（{reason}）',
  noLevels: '该月没有可选的护理等级',
  assessedOther: '最近评估为{level}，与合同不同',
};

const en = {
  amend: 'Amend contract',
  title: 'Amend the contract of {name}',
  rule: 'A care level changes from the 1st of a month (usually the next); a month already billed cannot change. The price is the new level’s cost-sharing quote.',
  fromMonth: 'From the month',
  careLevel: 'Care level',
  price: 'Monthly price (quoted at signing)',
  priceHint: 'Not typed: the level’s quote on the 1st of the month is kept in the contract, and bills charge the same quote',
  reason: 'Reason',
  save: 'Save amendment',
  saved: 'The contract of {name} is amended: {level} from {month}',
  history: 'Contract history',
  atAdmission: 'At admission: {level}, quoted {price} a month at signing',
  amended: 'From {month}: {level}, quoted {price} a month at signing ({reason})',
  noLevels: 'No care level for that month',
  assessedOther: 'Latest assessment: {level}, not the contract’s',
};

i18n.global.mergeLocaleMessage('zh-CN', { carehome: { contract: zhCN } });
i18n.global.mergeLocaleMessage('en', { carehome: { contract: en } });
