import { DateTime } from 'luxon';
import { AfterSchoolError, type CollectionRules, type Period, type WeeklyPattern } from '../../../domain/afterschool';
import { BUSINESS_ZONE } from '../../../domain/shared/time';

/** Autumn 2026: 中秋 on Fri 09-25, 国庆 10-01 to 10-07, 调休 on Sun 09-20 and Sat 10-10. */
export const AUTUMN: Period = { id: '2026-autumn', kind: 'term', from: '2026-09-01', to: '2026-10-16' };

export const pattern = (more: Partial<WeeklyPattern> = {}): WeeklyPattern => ({ groupId: 'g1', weekdays: [1, 2, 3, 4, 5], start: '15:30', end: '18:30', ...more });

/** An instant in Shanghai time: at('2026-09-14 17:45'). */
export const at = (local: string): DateTime => DateTime.fromFormat(local, 'yyyy-MM-dd HH:mm', { zone: BUSINESS_ZONE });

export const MOTHER = { id: 'c-mother', name: '王芳', idLast4: '1234', relation: '母亲', phone: '13800000001', level: 'always' as const };
export const GRANDPA = { id: 'c-grandpa', name: '王建国', idLast4: '567X', relation: '外公', phone: '13800000002', level: 'emergency' as const };
export const FATHER = { id: 'c-father', name: '李强', idLast4: '9876', relation: '父亲', phone: '13800000003', level: 'never' as const };

export const rules = (more: Partial<CollectionRules> = {}): CollectionRules => ({
  collectors: [MOTHER, GRANDPA, FATHER],
  delegations: [{ id: 'd-1', name: '赵敏', idLast4: '4321', date: '2026-09-14', from: '17:00', until: '19:00' }],
  leaveAloneOn: [3],
  ...more,
});

/** The fields an AfterSchoolError names; fails when `run` does not throw one. */
export function problemFields(run: () => unknown): string[] {
  try {
    run();
  } catch (e) {
    if (e instanceof AfterSchoolError) return e.problems.map((p) => p.field);
    throw e;
  }
  throw new Error('expected an AfterSchoolError');
}
