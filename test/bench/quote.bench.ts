/**
 * Quotes per second for a realistic lunch with 8 contribution rules, against the baseline
 * of a bare decimal.js sum over the same cost components, the same number of times, in one
 * run. Run: npx tsx test/bench/quote.bench.ts [count]
 */
import Decimal from 'decimal.js';
import { performance } from 'node:perf_hooks';
import {
  COST_COMPONENTS,
  Contribution,
  CostModelVersion,
  quote,
  QuoteSubject,
  XINGFULI_DEMO_PARTIES as P,
  xingfuliDemoValues,
} from '../../domain/costsharing';

const COUNT = Number(process.argv[2] ?? 100_000);
const WARM_UP = 20_000;
const DATE = '2026-03-02';

function realisticLunch(): { version: CostModelVersion; rules: Contribution[] } {
  const lunch = xingfuliDemoValues().lines.find((l) => l.serviceLine === 'canteen.lunch')!;
  // The demo lunch has 5 rules; three more that a busy site plausibly adds make 8.
  const rules: Contribution[] = [
    ...lunch.contributions,
    {
      id: 'contrib-dpf-meal',
      mechanism: 'tier_subsidy',
      party: P.dpf,
      label: { zh: '残疾人助餐补贴', en: 'Disabled persons meal subsidy' },
      programmeCode: 'dpf-meal',
      amountsByTierFen: { age80: 100, dibao: 100, tekun: 100 },
      perPersonCapFen: { day: 300, month: 3000 },
      budgetRemainingFen: 1_000_000,
    },
    {
      id: 'contrib-residents-volunteer',
      mechanism: 'volunteer_hours',
      party: P.resident,
      label: { zh: '居民互助时间', en: 'Resident time bank' },
      hoursPerUnit: 0.01,
      shadowWagePerHourFen: 2000,
    },
    {
      id: 'contrib-charity-age80-birthday',
      mechanism: 'charity_pool',
      party: P.charity,
      label: { zh: '高龄老人爱心餐', en: 'Meals for the very old' },
      poolCode: 'charity-age80',
      balanceFen: 500_000,
      tiers: ['age80'],
      perUnitMaxFen: 300,
    },
  ];
  return { version: lunch.version, rules };
}

const { version, rules } = realisticLunch();
const subjects: QuoteSubject[] = ['member', 'age70', 'age80', 'dibao', 'tekun', 'guest'].map((tier, i) => ({
  tier,
  personRef: `member-${i}`,
  usageByProgramme: { 'mca-meal': { todayFen: i % 2 === 0 ? 0 : 300, thisMonthFen: 2000 } },
}));

function runQuotes(n: number): number {
  let checksum = 0;
  for (let i = 0; i < n; i++) checksum += quote(version, rules, subjects[i % subjects.length], DATE).resident.paysFen;
  return checksum;
}

function runBaseline(n: number): number {
  let checksum = 0;
  const parts = COST_COMPONENTS.map((c) => version.componentsFen[c]);
  for (let i = 0; i < n; i++) {
    let sum = new Decimal(0);
    for (const p of parts) sum = sum.plus(p);
    checksum += sum.toNumber();
  }
  return checksum;
}

function timed(run: (n: number) => number, n: number): { perSecond: number; ms: number; checksum: number } {
  const start = performance.now();
  const checksum = run(n);
  const ms = performance.now() - start;
  return { perSecond: (n / ms) * 1000, ms, checksum };
}

runQuotes(WARM_UP);
runBaseline(WARM_UP);

const q = timed(runQuotes, COUNT);
const b = timed(runBaseline, COUNT);
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');

console.log(`quote(): ${rules.length} contribution rules, ${COUNT.toLocaleString('en-US')} quotes after ${WARM_UP.toLocaleString('en-US')} warm-up`);
console.log(`  quote                  ${fmt(q.perSecond).padStart(12)} /s   (${q.ms.toFixed(0)} ms, ${((q.ms * 1000) / COUNT).toFixed(2)} µs each)`);
console.log(`  baseline decimal.js Σ  ${fmt(b.perSecond).padStart(12)} /s   (${b.ms.toFixed(0)} ms, ${((b.ms * 1000) / COUNT).toFixed(2)} µs each)`);
console.log(`  ratio baseline/quote   ${(b.perSecond / q.perSecond).toFixed(1)}×  (a quote costs as much as that many bare sums)`);
// Printed so the work cannot be optimised away.
console.log(`  checksums ${q.checksum} ${b.checksum}`);
