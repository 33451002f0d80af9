import {
  ageInMonths,
  ageKindOn,
  belongsOn,
  CLASS_KIND_NAMES,
  classSettingsProblems,
  ChildcareError,
  dateAtMonths,
  type SiteClassSettings,
  STANDARD_CLASSES,
  validateClassSettings,
} from '../../../domain/childcare';
import { CENTRE, klass } from './factories';

const withKind = (kind: keyof SiteClassSettings['kinds'], change: Partial<SiteClassSettings['kinds']['infant']>): SiteClassSettings => ({
  ...STANDARD_CLASSES,
  kinds: { ...STANDARD_CLASSES.kinds, [kind]: { ...STANDARD_CLASSES.kinds[kind], ...change } },
});

describe('age in whole months', () => {
  it('counts a month complete on the same day of the month as the birth', () => {
    expect(ageInMonths('2025-03-10', '2025-04-09')).toBe(0);
    expect(ageInMonths('2025-03-10', '2025-04-10')).toBe(1);
    expect(ageInMonths('2025-03-10', '2026-03-09')).toBe(11);
    expect(ageInMonths('2025-03-10', '2026-03-10')).toBe(12);
  });

  it('when the month has no such day, then the month is complete on its last day', () => {
    expect(ageInMonths('2025-01-31', '2025-02-27')).toBe(0);
    expect(ageInMonths('2025-01-31', '2025-02-28')).toBe(1);
    expect(ageInMonths('2025-01-31', '2025-03-30')).toBe(1);
    expect(ageInMonths('2025-01-31', '2025-03-31')).toBe(2);
    expect(ageInMonths('2025-01-31', '2025-04-30')).toBe(3);
    expect(ageInMonths('2024-01-30', '2024-02-29')).toBe(1);
    expect(ageInMonths('2024-02-29', '2025-02-28')).toBe(12);
  });

  it('dateAtMonths is the first day of each age', () => {
    expect(dateAtMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(dateAtMonths('2023-01-31', 13)).toBe('2024-02-29');
    expect(dateAtMonths('2025-11-15', 2)).toBe('2026-01-15');
  });

  it('refuses a date before the birth and a date that does not exist', () => {
    expect(() => ageInMonths('2025-03-10', '2025-03-09')).toThrow(RangeError);
    expect(() => ageInMonths('2025-02-29', '2025-03-09')).toThrow(RangeError);
  });
});

describe('the age class on a date, at every boundary', () => {
  const born = '2024-05-20';
  const cases: [string, string | null][] = [
    ['2024-11-19', null], // 5 months
    ['2024-11-20', 'infant'], // 6 months
    ['2025-05-19', 'infant'], // the day before 12 months
    ['2025-05-20', 'toddler'], // 12 months
    ['2026-05-19', 'toddler'],
    ['2026-05-20', 'older'], // 24 months
    ['2027-05-19', 'older'],
    ['2027-05-20', null], // 36 months: leaves the centre
  ];
  it.each(cases)('on %s a child born 2024-05-20 belongs to %s', (date, kind) => {
    expect(ageKindOn(STANDARD_CLASSES, born, date)).toBe(kind);
  });

  it('a mixed class takes a child from 18 months until 36', () => {
    expect(belongsOn(STANDARD_CLASSES, 'mixed', born, '2025-11-19')).toBe(false);
    expect(belongsOn(STANDARD_CLASSES, 'mixed', born, '2025-11-20')).toBe(true);
    expect(belongsOn(STANDARD_CLASSES, 'mixed', born, '2027-05-19')).toBe(true);
    expect(belongsOn(STANDARD_CLASSES, 'mixed', born, '2027-05-20')).toBe(false);
  });

  it('a site that moves a boundary moves the class', () => {
    const later = { ...withKind('infant', { toMonths: 13 }), kinds: { ...withKind('infant', { toMonths: 13 }).kinds, toddler: { ...STANDARD_CLASSES.kinds.toddler, fromMonths: 13 } } };
    expect(classSettingsProblems(later)).toEqual([]);
    expect(ageKindOn(later, born, '2025-05-20')).toBe('infant');
    expect(ageKindOn(later, born, '2025-06-20')).toBe('toddler');
  });
});

describe('a site’s class settings', () => {
  it('the standard defaults pass, with zh and en names for each kind', () => {
    expect(validateClassSettings(STANDARD_CLASSES, CENTRE)).toBe(STANDARD_CLASSES);
    expect(CLASS_KIND_NAMES.infant.zh).toBe('乳儿班');
    expect(CLASS_KIND_NAMES.mixed.zh).toBe('混龄班');
    expect(CENTRE.reduce((n, c) => n + c.size, 0)).toBe(STANDARD_CLASSES.siteTotal);
  });

  it('names each problem by its path', () => {
    const fields = (s: SiteClassSettings) => classSettingsProblems(s).map((p) => p.field);
    expect(fields(withKind('infant', { maxChildren: 11 }))).toEqual(['kinds.infant.maxChildren']);
    expect(fields(withKind('older', { childrenPerCarer: 8 }))).toEqual(['kinds.older.childrenPerCarer']);
    expect(fields(withKind('toddler', { fromMonths: 13 }))).toEqual(['kinds.toddler.fromMonths']);
    expect(fields(withKind('older', { toMonths: 37 }))).toEqual(['kinds.older.toMonths']);
    expect(fields(withKind('mixed', { toMonths: 18 }))).toEqual(['kinds.mixed.toMonths']);
    expect(fields(withKind('infant', { fromMonths: 3 }))).toEqual(['kinds.infant.fromMonths']);
    expect(fields({ ...STANDARD_CLASSES, siteTotal: 0 })).toEqual(['siteTotal']);
  });

  it('a stricter site passes: smaller classes, more carers', () => {
    expect(classSettingsProblems(withKind('toddler', { maxChildren: 12, childrenPerCarer: 4 }))).toEqual([]);
  });

  it('refuses classes with a repeated id or a size beyond their kind', () => {
    try {
      validateClassSettings(STANDARD_CLASSES, [klass('a', 'infant', 11), klass('a', 'older', 20)]);
      throw new Error('expected a ChildcareError');
    } catch (e) {
      expect(e).toBeInstanceOf(ChildcareError);
      expect((e as ChildcareError).problems.map((p) => p.field)).toEqual(['classes[0].size', 'classes[1].id']);
    }
  });
});
