import type { ChildcareApplication, ChildcareClass, EnrolledChild } from '../../../domain/childcare';

export const SITE = 'xingfuli';

export const klass = (id: string, kind: ChildcareClass['kind'], size: number, siteId = SITE): ChildcareClass => ({ id, siteId, kind, size });

/** The demo centre: 100 places in the standard's classes. */
export const CENTRE: ChildcareClass[] = [
  klass('infant-1', 'infant', 10),
  klass('infant-2', 'infant', 10),
  klass('toddler-1', 'toddler', 15),
  klass('toddler-2', 'toddler', 15),
  klass('older-1', 'older', 20),
  klass('older-2', 'older', 20),
  klass('mixed-1', 'mixed', 10),
];

let sequence = 0;
export function application(overrides: Partial<ChildcareApplication> = {}): ChildcareApplication {
  sequence++;
  return {
    id: `app-${String(sequence).padStart(5, '0')}`,
    appliedAt: `2026-01-05T02:${String(sequence % 60).padStart(2, '0')}:00Z`,
    facts: {},
    birthDate: '2025-03-10',
    startDate: '2026-03-10',
    mode: 'full_day',
    choices: [],
    anyClassOrSite: true,
    ...overrides,
  };
}

export function enrolled(childId: string, classId: string, birthDate: string, more: Partial<EnrolledChild> = {}): EnrolledChild {
  return { childId, classId, birthDate, mode: 'full_day', ...more } as EnrolledChild;
}
