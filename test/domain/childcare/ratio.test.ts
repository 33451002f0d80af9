import { checkRatio } from '../../../domain/childcare';

describe('the daily ratio check', () => {
  const toddlers = { classId: 'toddler-1', kind: 'toddler' as const, childrenPerCarer: 5 };

  it('every started group of children needs a carer', () => {
    expect(checkRatio({ ...toddlers, childrenPresent: 10, carersOnDuty: 2 })).toEqual({ classId: 'toddler-1', carersNeeded: 2, short: 0, warning: null });
    expect(checkRatio({ ...toddlers, childrenPresent: 11, carersOnDuty: 3 }).carersNeeded).toBe(3);
    expect(checkRatio({ ...toddlers, childrenPresent: 0, carersOnDuty: 0 }).carersNeeded).toBe(0);
  });

  it('when fewer carers are on duty than the ratio needs, then it warns in zh and en', () => {
    const r = checkRatio({ classId: 'infant-1', kind: 'infant', childrenPerCarer: 3, childrenPresent: 7, carersOnDuty: 2 });
    expect(r.short).toBe(1);
    expect(r.warning?.zh).toContain('乳儿班');
    expect(r.warning?.zh).toContain('缺 1 名');
    expect(r.warning?.en).toContain('need 3 carers at 1:3; 2 on duty, 1 short');
  });
});
