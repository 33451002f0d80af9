/**
 * The words of a resident's contract, its amendments (`carehome.contract.*`) and its deposit
 * changed by agreement (`carehome.deposit.*`), zh-CN first.
 */
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

const depositZh = {
  adjust: '调整押金',
  title: '{name} 调整押金',
  held: '现存押金',
  cap: '押金上限',
  capIs: '{cap}（{months} 个月 × 月费 {price}）',
  amount: '调整后押金（元）',
  amountHint: '与家属协商后的押金总额：多于现存的部分为补缴，少于的部分退还',
  notAmount: '请输入金额，如 4500 或 4500.50',
  reason: '调整原因',
  save: '保存押金',
  saved: '{name} 的押金已调整为 {deposit}',
};

const depositEn: typeof depositZh = {
  adjust: 'Change deposit',
  title: 'Change the deposit of {name}',
  held: 'Deposit held',
  cap: 'The site’s cap',
  capIs: '{cap} ({months} months × the monthly price {price})',
  amount: 'Deposit to hold (yuan)',
  amountHint: 'The total agreed with the family: more than held is a top-up paid in, less is refunded',
  notAmount: 'Type an amount, such as 4500 or 4500.50',
  reason: 'Reason',
  save: 'Save deposit',
  saved: 'The deposit of {name} is now {deposit}',
};

/** The server's refusal of a deposit over the cap, in the reader's words (its amount stands above the field). */
const codesZh = { over_cap: '超过押金上限（{capMonths} 个月的月费）' };
const codesEn: typeof codesZh = { over_cap: 'Over the deposit cap ({capMonths} months of the monthly price)' };

i18n.global.mergeLocaleMessage('zh-CN', { carehome: { contract: zhCN, deposit: depositZh }, serverText: { codes: codesZh } });
i18n.global.mergeLocaleMessage('en', { carehome: { contract: en, deposit: depositEn }, serverText: { codes: codesEn } });
