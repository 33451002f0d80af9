import { ChildcareError, monthStarts, type ProjectedMonth, projectClasses, STANDARD_CLASSES } from '../../../domain/childcare';
import { CENTRE, enrolled, klass } from './factories';

const TODAY = '2026-03-15';
const classOf = (m: ProjectedMonth, childId: string) => m.classes.find((c) => c.childIds.includes(childId))?.classId;
const codes = (m: ProjectedMonth) => m.warnings.map((w) => `${w.code}:${w.childId ?? w.classId}`);

describe('the class board’s forward projection', () => {
  it('looks at the first day of each of the next 12 months', () => {
    const months = projectClasses({ settings: STANDARD_CLASSES, classes: CENTRE, children: [], today: TODAY });
    expect(months.map((m) => m.month)).toEqual(monthStarts(TODAY, 12));
    expect(months[0].month).toBe('2026-04-01');
    expect(months[11].month).toBe('2027-03-01');
    expect(monthStarts('2026-11-30', 3)).toEqual(['2026-12-01', '2027-01-01', '2027-02-01']);
  });

  it('a child moves to the toddler class in the month it is 12 months on the 1st, to the one with most room', () => {
    const classes = [klass('infant-1', 'infant', 10), klass('toddler-1', 'toddler', 15), klass('toddler-2', 'toddler', 15)];
    const children = [enrolled('amy', 'infant-1', '2025-06-01'), enrolled('bo', 'toddler-1', '2025-01-01')];
    const months = projectClasses({ settings: STANDARD_CLASSES, classes, children, today: TODAY, months: 4 });
    expect(months.map((m) => classOf(m, 'amy'))).toEqual(['infant-1', 'infant-1', 'toddler-2', 'toddler-2']);
    expect(months[2].classes.find((c) => c.classId === 'infant-1')?.placesUsed).toBe(0);
  });

  it('a child born on the 2nd moves a month later than one born on the 1st', () => {
    const classes = [klass('infant-1', 'infant', 10), klass('toddler-1', 'toddler', 15)];
    const months = projectClasses({ settings: STANDARD_CLASSES, classes, children: [enrolled('cai', 'infant-1', '2025-06-02')], today: TODAY, months: 4 });
    expect(months.map((m) => classOf(m, 'cai'))).toEqual(['infant-1', 'infant-1', 'infant-1', 'toddler-1']);
  });

  it('a child leaves the centre at 36 months, and after its leave date', () => {
    const children = [enrolled('dan', 'older-1', '2023-05-01'), enrolled('eve', 'older-1', '2024-01-10', { leaveDate: '2026-04-30' })];
    const months = projectClasses({ settings: STANDARD_CLASSES, classes: CENTRE, children, today: TODAY, months: 3 });
    const gone = [{ childId: 'dan', reason: 'aged_out' }, { childId: 'eve', reason: 'leave_date' }];
    expect(months.map((m) => m.left)).toEqual([[], gone, gone]);
    expect(classOf(months[0], 'dan')).toBe('older-1');
  });

  it('when the next class is full, the child stays and staff are warned that month, in words', () => {
    const classes = [klass('infant-1', 'infant', 10), klass('toddler-1', 'toddler', 2)];
    const children = [enrolled('fay', 'infant-1', '2025-04-01'), enrolled('gus', 'toddler-1', '2025-01-01'), enrolled('hal', 'toddler-1', '2025-02-01')];
    const [april] = projectClasses({ settings: STANDARD_CLASSES, classes, children, today: TODAY, months: 1 });
    expect(classOf(april, 'fay')).toBe('infant-1');
    expect(codes(april)).toContain('next_class_full:fay');
    const words = april.warnings.find((w) => w.childId === 'fay')!.words;
    expect(words.zh).toBe('2026年4月：幼儿 fay 应升入托小班，但该班已满，暂留原班');
    expect(words.en).toBe('2026-04: child fay needs a toddler class, which is full; stays in infant-1');
  });

  it('a child too old for a toddler class may go on to a mixed class when the older class is full', () => {
    const classes = [klass('toddler-1', 'toddler', 15), klass('older-1', 'older', 1), klass('mixed-1', 'mixed', 18)];
    const children = [enrolled('ian', 'older-1', '2024-01-01'), enrolled('jo', 'toddler-1', '2024-04-01')];
    const [april] = projectClasses({ settings: STANDARD_CLASSES, classes, children, today: TODAY, months: 1 });
    expect(classOf(april, 'jo')).toBe('mixed-1');
  });

  it('warns of a class over its size, a class under-used, and an age no class at the site takes', () => {
    const classes = [klass('toddler-1', 'toddler', 2), klass('older-1', 'older', 20)];
    const children = [enrolled('kim', 'toddler-1', '2025-01-01'), enrolled('lee', 'toddler-1', '2025-01-02'), enrolled('max', 'toddler-1', '2025-01-03'), enrolled('ned', 'older-1', '2024-01-01')];
    const [april] = projectClasses({ settings: STANDARD_CLASSES, classes, children, today: TODAY, months: 1 });
    expect(codes(april)).toEqual(['over_size:toddler-1', 'under_used:older-1']);
    const [onlyToddlers] = projectClasses({ settings: STANDARD_CLASSES, classes: [klass('toddler-1', 'toddler', 15)], children: [enrolled('ola', 'toddler-1', '2024-04-01')], today: TODAY, months: 1 });
    expect(codes(onlyToddlers)).toContain('no_class_for_age:ola');
  });

  it('half-day children on opposite halves count as one place', () => {
    const children = [enrolled('pam', 'toddler-1', '2025-01-01', { mode: 'half_day', half: 'morning' }), enrolled('quy', 'toddler-1', '2025-01-01', { mode: 'half_day', half: 'afternoon' })];
    const [april] = projectClasses({ settings: STANDARD_CLASSES, classes: CENTRE, children, today: TODAY, months: 1 });
    expect(april.classes.find((c) => c.classId === 'toddler-1')).toEqual({ classId: 'toddler-1', childIds: ['pam', 'quy'], placesUsed: 1, size: 15 });
  });

  it('refuses a child listed twice or in an unknown class', () => {
    expect(() => projectClasses({ settings: STANDARD_CLASSES, classes: CENTRE, children: [enrolled('a', 'nowhere', '2025-01-01')], today: TODAY })).toThrow(ChildcareError);
    expect(() => projectClasses({ settings: STANDARD_CLASSES, classes: CENTRE, children: [enrolled('a', 'older-1', '2024-01-01'), enrolled('a', 'older-1', '2024-01-01')], today: TODAY })).toThrow(ChildcareError);
  });
});
