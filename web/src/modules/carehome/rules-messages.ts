/**
 * The words of the care home's 规则 tab, merged under `carehome.rules.*` when the tab loads; the
 * version list and its form are the shared RuleVersions' (`ruleVersions.*`). Grades are the
 * domain's own names. (No `|` or `@` in messages.)
 */
import { i18n } from '@/i18n';

const zhCN = {
  settings: '照护等级、计价项目与请假规则（随规则版本生效）',
  levels: '照护等级',
  code: '代码',
  zh: '中文名',
  en: '英文名',
  grades: '对应评估等级',
  line: '计价项目（成本分摊）',
  pickLine: '选择床位计价项目',
  lineHint: '各等级的价格不在此填写：按所选床位项目在成本分摊中的成本模型和补贴报价，账单按同一项目计费。',
  addLevel: '添加等级',
  remove: '删除',
  removeLevel: '删除 {name}',
  voucherGrades: '可领养老服务消费券的等级',
  reassess: '能力评估有效期（月）',
  leave: '请假规则',
  mealRefundFrom: '离院满几天起按天退伙食费',
  reducedCareFrom: '离院满几天起护理费减收',
  reviewOver: '连续离院超过几天需复核合同',
  reducedShare: '长期请假仍收护理费比例（%）',
  leaveSummary: '请假：满 {meal} 天退伙食费，满 {care} 天护理费按 {share}% 收取，超过 {review} 天复核',
  loadFailed: '规则加载失败',
  birthDate: '出生日期',
};

const en = {
  settings: 'Care levels, how each is priced, and leave rules (take effect with the rules version)',
  levels: 'Care levels',
  code: 'Code',
  zh: 'Name (zh)',
  en: 'Name (en)',
  grades: 'Assessment grades',
  line: 'Priced on (cost sharing)',
  pickLine: 'Choose a bed line',
  lineHint: 'A level’s price is not typed here: it is the quote of its bed line’s cost model and subsidies in cost sharing, the line its bills are priced on.',
  addLevel: 'Add level',
  remove: 'Remove',
  removeLevel: 'Remove {name}',
  voucherGrades: 'Grades with the care consumption voucher',
  reassess: 'Assessment valid for (months)',
  leave: 'Leave rules',
  mealRefundFrom: 'Meals refunded per day from this many days away',
  reducedCareFrom: 'Care reduced from this many days away',
  reviewOver: 'Contract reviewed after this many days away in a row',
  reducedShare: 'Share of care still charged on long leave (%)',
  leaveSummary: 'Leave: meals refunded from {meal} days, care at {share}% from {care} days, review over {review} days',
  loadFailed: 'Could not load the rules',
  birthDate: 'Birth date',
};

i18n.global.mergeLocaleMessage('zh-CN', { carehome: { rules: zhCN } });
i18n.global.mergeLocaleMessage('en', { carehome: { rules: en } });
