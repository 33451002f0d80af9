import { PARTY_KINDS, quote, versionInForce, xingfuliDemoValues } from '../../../domain/costsharing';

const DATE = '2026-03-02';
const demo = xingfuliDemoValues();
const line = (serviceLine: string) => demo.lines.find((l) => l.serviceLine === serviceLine)!;
const quoteFor = (serviceLine: string, tier: string) => {
  const l = line(serviceLine);
  return quote(versionInForce([l.version], DATE)!, l.contributions, { tier }, DATE);
};

describe('幸福里 demo values', () => {
  it('has the six kinds of party under stable ids the API seeder can reuse', () => {
    const ids = demo.parties.map((p) => p.id);
    expect(ids).toEqual(expect.arrayContaining(['party-community', 'party-mca', 'party-nhc', 'party-edu', 'party-dpf', 'party-institution', 'party-operator', 'party-resident']));
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(demo.parties.map((p) => p.kind))).toEqual(new Set(PARTY_KINDS));
  });

  it('a lunch set costs ¥15 in full, and 民政 subsidises ¥2 at 70+, ¥3 at 80+, ¥5 for 低保 and 特困', () => {
    const byTier = Object.fromEntries(
      ['member', 'age70', 'age80', 'dibao', 'tekun'].map((t) => [t, quoteFor('canteen.lunch', t)]),
    );
    expect(byTier.member.cost.totalFen).toBe(1500);
    const mca = (t: string) => byTier[t].shares.byParty['party-mca'] ?? 0;
    expect(['member', 'age70', 'age80', 'dibao', 'tekun'].map(mca)).toEqual([0, 200, 300, 500, 500]);
    expect(['member', 'age70', 'age80', 'dibao'].map((t) => byTier[t].resident.paysFen)).toEqual([1300, 1100, 1000, 800]);
  });

  it('a 特困 elder’s lunch is free: the charity pool pays their price', () => {
    const q = quoteFor('canteen.lunch', 'tekun');
    expect(q.resident).toMatchObject({ priceFen: 800, paidByCharityFen: 800, paysFen: 0 });
  });

  it('a lunch shows all six parties: rent-free premises, the community fund, volunteers, 民政, the resident and the operator', () => {
    const q = quoteFor('canteen.lunch', 'age80');
    expect(q.shares.byKind).toEqual({ community: 66, department: 300, institution: 120, operator: -36, social: 50, resident: 1000 });
  });

  it('full-day childcare costs the family about ¥1,800 a month with the 卫健 slot subsidy', () => {
    const q = quoteFor('childcare.full_day', 'standard');
    expect(q.resident.paysFen).toBeGreaterThanOrEqual(170_000);
    expect(q.resident.paysFen).toBeLessThanOrEqual(190_000);
    expect(q.shares.byParty['party-nhc']).toBeGreaterThan(0);
  });

  it('a bed-day costs more and is subsidised more by 民政 as care needs rise (the 失能 and 特护 lines also take the consumption voucher)', () => {
    const levels = [
      ['self_care', 'self_care'],
      ['semi_disabled', 'semi_disabled'],
      ['disabled', 'disabled'],
      ['special_care', 'disabled'],
    ].map(([line, tier]) => quoteFor(`carehome.bed.${line}`, tier));
    const costs = levels.map((q) => q.cost.totalFen);
    const mca = levels.map((q) => q.shares.byParty['party-mca']);
    expect(new Set(costs).size).toBe(4);
    expect(costs).toEqual([...costs].sort((a, b) => a - b));
    expect(mca).toEqual([670, 1_330, 2_000 + 1_000, 2_000 + 1_000]);
    // 特护 is dearer for its round-the-clock care: more labour than 失能.
    expect(levels[3].cost.componentsFen.labour).toBeGreaterThan(levels[2].cost.componentsFen.labour);
  });

  it('an after-school session is subsidised by 教育', () => {
    expect(quoteFor('afterschool.session', 'standard').shares.byParty['party-edu']).toBe(1000);
  });

  it('every demo line and tier prices within the margin band, with nothing flagged', () => {
    for (const l of demo.lines) {
      for (const tier of l.tiers) {
        const q = quote(l.version, l.contributions, { tier }, DATE);
        expect({ line: l.serviceLine, tier, flags: q.flags }).toEqual({ line: l.serviceLine, tier, flags: [] });
        expect(q.margin.fen).toBeGreaterThanOrEqual(q.margin.floorFen);
        expect(q.margin.fen).toBeLessThanOrEqual(q.margin.capFen);
        expect(q.reasons.filter((r) => /[\u4e00-\u9fff]/.test(r.en))).toEqual([]);
      }
    }
  });
});

describe('幸福里 demo bed lines keep the operator at a thin positive margin', () => {
  // A bed-day's operator share is −margin (negative when it earns): the bill's 运营方微利 must read as a margin, never a loss.
  it.each(demo.lines.filter((l) => l.serviceLine.startsWith('carehome.')).flatMap((l) => l.tiers.map((t) => [l.serviceLine, t] as const)))(
    '%s for %s: margin ≥ 0, within the band, and the operator share is its negative',
    (serviceLine, tier) => {
      const q = quoteFor(serviceLine, tier);
      expect(q.margin.fen).toBeGreaterThanOrEqual(0);
      expect(q.margin.fen).toBeLessThanOrEqual(Math.ceil(q.cost.totalFen * line(serviceLine).version.marginBand.cap));
      expect(q.shares.byKind.operator).toBe(-q.margin.fen);
    },
  );
});
