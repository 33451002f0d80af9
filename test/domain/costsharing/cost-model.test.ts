import { DateTime } from 'luxon';
import { CostSharingError, fullUnitCost, quote, versionInForce } from '../../../domain/costsharing';
import { aLunchModel, aSpaceOffset, aTierSubsidy } from './factories';

describe('cost model versions', () => {
  const v1 = aLunchModel({ id: 'cm-v1', effectiveFrom: '2026-01-01' });
  const v2 = aLunchModel({
    id: 'cm-v2',
    effectiveFrom: '2026-12-01',
    componentsFen: { ...v1.componentsFen, materials: 880 },
  });

  it('the full unit cost C is the sum of its seven components', () => {
    expect(fullUnitCost(v1)).toBe(780 + 380 + 90 + 50 + 120 + 40 + 40);
    expect(fullUnitCost(v2)).toBe(1600);
  });

  it('when a version is effective from 2026-12-01, then it applies to 2026-12-01 and not to 2026-11-30', () => {
    expect(versionInForce([v1, v2], '2026-11-30')?.id).toBe('cm-v1');
    expect(versionInForce([v1, v2], '2026-12-01')?.id).toBe('cm-v2');
    expect(versionInForce([v2, v1], '2027-06-01')?.id).toBe('cm-v2');
  });

  it('when given an instant, then the switch happens at midnight Asia/Shanghai, not midnight UTC', () => {
    // 16:00 UTC on 30 November is 00:00 on 1 December in Shanghai.
    expect(versionInForce([v1, v2], DateTime.fromISO('2026-11-30T15:59:59.999Z'))?.id).toBe('cm-v1');
    expect(versionInForce([v1, v2], DateTime.fromISO('2026-11-30T16:00:00Z'))?.id).toBe('cm-v2');
    expect(versionInForce([v1, v2], DateTime.fromISO('2026-12-01T00:00:00+08:00'))?.id).toBe('cm-v2');
    expect(versionInForce([v1, v2], DateTime.fromISO('2026-11-30T23:59:59+08:00'))?.id).toBe('cm-v1');
  });

  it('when no version has started yet, then there is none in force', () => {
    expect(versionInForce([v1, v2], '2025-12-31')).toBeUndefined();
    expect(versionInForce([], '2026-03-02')).toBeUndefined();
  });

  it('when versions of different lines are mixed, or two start on one day, then it refuses to choose', () => {
    const dinner = aLunchModel({ id: 'cm-dinner', serviceLine: 'canteen.dinner' });
    expect(() => versionInForce([v1, dinner], '2026-03-02')).toThrow(CostSharingError);
    expect(() => versionInForce([v1, { ...v1, id: 'cm-v1-bis' }], '2026-03-02')).toThrow(/two versions/);
  });

  it('when a new version is added, then quotes made under the old one stay exactly as they were', () => {
    const rules = [aSpaceOffset(), aTierSubsidy()];
    const subject = { tier: 'age80' };
    const snapshot = JSON.parse(JSON.stringify(quote(versionInForce([v1], '2026-11-30')!, rules, subject, '2026-11-30')));

    const again = quote(versionInForce([v1, v2], '2026-11-30')!, rules, subject, '2026-11-30');
    expect(again).toStrictEqual(snapshot);
    expect(snapshot.costModelVersionId).toBe('cm-v1');

    const underNew = quote(versionInForce([v1, v2], '2026-12-01')!, rules, subject, '2026-12-01');
    expect(underNew.costModelVersionId).toBe('cm-v2');
    expect(underNew.cost.totalFen).toBe(1600);
  });

  it('when a version is asked to quote a day before it starts, then the quote is refused', () => {
    expect(() => quote(v2, [], { tier: 'member' }, '2026-11-30')).toThrow(/not in force/);
  });
});
