import fc from 'fast-check';
import { CareHomeError, DEFAULT_LEAVE_RULES, type LeaveContract, leaveMonthBill, type LeaveSpell, tierFor } from '../../../domain/carehome';
import { addDays } from '../../../domain/shared/business-date';

/** ¥5,000 a month: bed 1,500, care 2,000 (reduced 1,000 on long leave), meals 1,500. */
const CONTRACT: LeaveContract = { monthlyBedFen: 150_000, monthlyCareFen: 200_000, monthlyMealsFen: 150_000, reducedMonthlyCareFen: 100_000 };
const MONTHLY = 500_000;

const spell = (from: string, days: number): LeaveSpell => ({ from, to: addDays(from, days - 1) });
const amount = (bill: ReturnType<typeof leaveMonthBill>, code: string) => bill.lines.find((l) => l.code === code)?.amountFen ?? 0;

describe('leave billing', () => {
  it('a month without leave is billed in full and every day is a served bed-day', () => {
    const bill = leaveMonthBill('2026-04', CONTRACT, []);
    expect(bill.totalFen).toBe(MONTHLY);
    expect(bill.servedBedDays).toBe(30);
    expect(bill.lines.map((l) => l.code)).toEqual(['bed', 'care', 'meals']);
  });

  it('6 days away are billed in full, but are not served bed-days', () => {
    const bill = leaveMonthBill('2026-04', CONTRACT, [spell('2026-04-10', 6)]);
    expect(bill.totalFen).toBe(MONTHLY);
    expect(bill.servedBedDays).toBe(24);
    expect(bill.leaveDays.every((d) => d.tier === 'full')).toBe(true);
  });

  it('7 days away refund the meals of those 7 days (30-day month: 5,000 fen a day)', () => {
    const bill = leaveMonthBill('2026-04', CONTRACT, [spell('2026-04-10', 7)]);
    expect(bill.lines.find((l) => l.code === 'meal_refund')).toMatchObject({ days: 7, amountFen: -35_000, zh: '请假退伙食费' });
    expect(amount(bill, 'care_reduction')).toBe(0);
    expect(bill.totalFen).toBe(MONTHLY - 35_000);
  });

  it('14 days away refund meals only; 15 days away also reduce care to the reduced rate', () => {
    const fourteen = leaveMonthBill('2026-04', CONTRACT, [spell('2026-04-01', 14)]);
    expect([amount(fourteen, 'meal_refund'), amount(fourteen, 'care_reduction')]).toEqual([-70_000, 0]);
    const fifteen = leaveMonthBill('2026-04', CONTRACT, [spell('2026-04-01', 15)]);
    // care 200,000/30 and reduced 100,000/30 a day: the first 20 (10) days carry the extra fen.
    expect([amount(fifteen, 'meal_refund'), amount(fifteen, 'care_reduction')]).toEqual([-75_000, -50_000]);
  });

  it('60 days away raise no flag; 61 days do, in every month the absence touches', () => {
    expect(leaveMonthBill('2026-03', CONTRACT, [spell('2026-03-01', 60)]).reviewFlags).toEqual([]);
    const long = [spell('2026-03-01', 61)];
    expect(leaveMonthBill('2026-03', CONTRACT, long).reviewFlags).toEqual([{ from: '2026-03-01', to: '2026-04-30', days: 61 }]);
    expect(leaveMonthBill('2026-04', CONTRACT, long).reviewFlags).toHaveLength(1);
  });

  it('an absence crossing a month end takes its tier from its whole length, in both months', () => {
    const crossing = [spell('2026-01-27', 10)]; // 27–31 Jan, 1–5 Feb: 10 days, meals refunded
    const jan = leaveMonthBill('2026-01', CONTRACT, crossing);
    const feb = leaveMonthBill('2026-02', CONTRACT, crossing);
    expect(jan.leaveDays.map((d) => d.date)).toEqual(['2026-01-27', '2026-01-28', '2026-01-29', '2026-01-30', '2026-01-31']);
    expect(jan.leaveDays.every((d) => d.tier === 'meals_refunded' && d.absenceDays === 10)).toBe(true);
    expect(feb.leaveDays).toHaveLength(5);
    expect([jan.servedBedDays, feb.servedBedDays]).toEqual([26, 23]);
  });

  it('a whole February away refunds exactly the month of meals and charges exactly the reduced care', () => {
    for (const month of ['2026-02', '2028-02']) {
      const bill = leaveMonthBill(month, CONTRACT, [{ from: `${month}-01`, to: addDays(`${month}-01`, 40) }]);
      expect(bill.servedBedDays).toBe(0);
      expect(amount(bill, 'meal_refund')).toBe(-CONTRACT.monthlyMealsFen);
      expect(CONTRACT.monthlyCareFen + amount(bill, 'care_reduction')).toBe(CONTRACT.reducedMonthlyCareFen);
    }
    expect(leaveMonthBill('2028-02', CONTRACT, []).daysInMonth).toBe(29);
  });

  it('back-to-back spells are one absence: 4 days then 4 more is 8 days away, meals refunded', () => {
    const bill = leaveMonthBill('2026-04', CONTRACT, [spell('2026-04-05', 4), spell('2026-04-01', 4)]);
    expect(bill.leaveDays.every((d) => d.absenceDays === 8 && d.tier === 'meals_refunded')).toBe(true);
  });

  it('refuses overlapping spells, a spell ending before it starts and a reduced rate above the care charge, by path', () => {
    expect.assertions(2);
    try {
      leaveMonthBill('2026-04', { ...CONTRACT, reducedMonthlyCareFen: 300_000 }, [spell('2026-04-01', 5), spell('2026-04-03', 2), { from: '2026-04-20', to: '2026-04-19' }]);
    } catch (e) {
      expect(e).toBeInstanceOf(CareHomeError);
      expect((e as CareHomeError).problems.map((p) => p.field)).toEqual(['contract.reducedMonthlyCareFen', 'spells[2].to']);
    }
  });

  it('refuses overlapping spells, naming the later one', () => {
    expect(() => leaveMonthBill('2026-04', CONTRACT, [spell('2026-04-03', 2), spell('2026-04-01', 5)])).toThrow('spells[0]: overlaps spells[1]');
  });

  it('the tiers follow a site’s own rules', () => {
    const rules = { mealRefundFromDays: 3, reducedCareFromDays: 10, reviewOverDays: 30 };
    expect([2, 3, 9, 10].map((n) => tierFor(n, rules))).toEqual(['full', 'meals_refunded', 'meals_refunded', 'reduced_care']);
    expect([6, 7, 14, 15].map((n) => tierFor(n, DEFAULT_LEAVE_RULES))).toEqual(['full', 'meals_refunded', 'meals_refunded', 'reduced_care']);
  });

  describe('properties', () => {
    const fen = fc.integer({ min: 0, max: 2_000_000 });
    const contract = fc.tuple(fen, fen, fen, fen).map(([bed, a, b, meals]) => ({ monthlyBedFen: bed, monthlyCareFen: Math.max(a, b), reducedMonthlyCareFen: Math.min(a, b), monthlyMealsFen: meals }));
    const month = fc.tuple(fc.integer({ min: 2024, max: 2030 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`);
    /** Disjoint spells from gaps and lengths, starting up to 70 days before the month. */
    const spells = (m: string) =>
      fc.array(fc.tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 70 })), { maxLength: 5 }).map((parts) => {
        let day = addDays(`${m}-01`, -70);
        return parts.map(([gap, len]) => {
          const from = addDays(day, gap);
          day = addDays(from, len);
          return { from, to: addDays(from, len - 1) };
        });
      });
    const world = fc.tuple(month, contract).chain(([m, c]) => spells(m).map((s) => ({ m, c, s })));

    it('leave and served bed-days make up the month, refunds never exceed the monthly amounts, and the total is the sum of the lines', () => {
      fc.assert(
        fc.property(world, ({ m, c, s }) => {
          const bill = leaveMonthBill(m, c, s);
          const meals = -amount(bill, 'meal_refund');
          const care = -amount(bill, 'care_reduction');
          return (
            bill.servedBedDays + bill.leaveDays.length === bill.daysInMonth &&
            new Set(bill.leaveDays.map((d) => d.date)).size === bill.leaveDays.length &&
            bill.leaveDays.every((d) => d.date.startsWith(m) && d.tier === tierFor(d.absenceDays)) &&
            meals >= 0 && meals <= c.monthlyMealsFen &&
            care >= 0 && care <= c.monthlyCareFen - c.reducedMonthlyCareFen &&
            bill.totalFen === bill.lines.reduce((t, l) => t + l.amountFen, 0) &&
            bill.reviewFlags.every((f) => f.days > 60)
          );
        }),
      );
    });

    it('a whole month on long leave refunds exactly the meals and leaves exactly the reduced care', () => {
      fc.assert(
        fc.property(month, contract, (m, c) => {
          const bill = leaveMonthBill(m, c, [{ from: addDays(`${m}-01`, -1), to: addDays(`${m}-01`, 31) }]);
          return bill.servedBedDays === 0 && bill.totalFen === c.monthlyBedFen + c.reducedMonthlyCareFen;
        }),
      );
    });

    it('a longer absence is never billed more', () => {
      fc.assert(
        fc.property(contract, fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 }), (c, a, b) => {
          const [short, long] = [Math.min(a, b), Math.max(a, b)];
          const bill = (n: number) => leaveMonthBill('2026-05', c, [spell('2026-05-01', n)]).totalFen;
          return bill(long) <= bill(short);
        }),
      );
    });
  });
});
