import { collectionRulesProblems, mayCollect, REFUSAL_WORDS } from '../../../domain/afterschool';
import { at, GRANDPA, MOTHER, rules } from './factories';

const person = (name: string, idLast4: string) => ({ kind: 'person' as const, name, idLast4 });
const MONDAY = at('2026-09-14 17:45');

describe('who may collect a child', () => {
  it('a parent on the list at level always is allowed, and the record names them', () => {
    expect(mayCollect(rules(), person('王芳', '1234'), MONDAY)).toEqual({
      allowed: true,
      record: { basis: 'always', at: '2026-09-14T09:45:00.000Z', collectorId: MOTHER.id, identity: { name: '王芳', idLast4: '1234' } },
    });
  });

  it('matches the name without spacing or width and the last 4 in any case', () => {
    expect(mayCollect(rules(), person(' 王 建国 ', '567x'), MONDAY, { staffId: 'lead' })).toMatchObject({ allowed: true, record: { basis: 'emergency' } });
  });

  it('someone whose name or last 4 digits do not match is not on the list', () => {
    expect(mayCollect(rules(), person('王芳', '1235'), MONDAY)).toEqual({ allowed: false, reason: 'not_on_list', words: REFUSAL_WORDS.not_on_list });
    expect(mayCollect(rules(), person('王芬', '1234'), MONDAY)).toMatchObject({ allowed: false, reason: 'not_on_list' });
  });

  it('a never person is refused, even with a supervisor', () => {
    expect(mayCollect(rules(), person('李强', '9876'), MONDAY, { staffId: 'lead' })).toMatchObject({ allowed: false, reason: 'never' });
  });

  it('an emergency person is refused without a supervisor, and allowed with one, recorded as such', () => {
    expect(mayCollect(rules(), person('王建国', '567X'), MONDAY)).toMatchObject({ allowed: false, reason: 'emergency_needs_supervisor' });
    expect(mayCollect(rules(), person('王建国', '567X'), MONDAY, { staffId: 'lead' })).toEqual({
      allowed: true,
      record: { basis: 'emergency', at: MONDAY.toUTC().toISO(), collectorId: GRANDPA.id, identity: { name: '王建国', idLast4: '567X' }, supervisorId: 'lead' },
    });
  });

  it('a day delegation works on its day within its window only', () => {
    const zhao = person('赵敏', '4321');
    expect(mayCollect(rules(), zhao, at('2026-09-14 17:00'))).toMatchObject({ allowed: true, record: { basis: 'delegation', delegationId: 'd-1' } });
    expect(mayCollect(rules(), zhao, at('2026-09-14 18:59'))).toMatchObject({ allowed: true });
    expect(mayCollect(rules(), zhao, at('2026-09-14 19:00'))).toMatchObject({ allowed: false, reason: 'delegation_outside_window' });
    expect(mayCollect(rules(), zhao, at('2026-09-14 16:59'))).toMatchObject({ allowed: false, reason: 'delegation_outside_window' });
    expect(mayCollect(rules(), zhao, at('2026-09-15 17:30'))).toMatchObject({ allowed: false, reason: 'delegation_other_day' });
  });

  it('the child may leave alone on its weekdays only', () => {
    expect(mayCollect(rules(), { kind: 'alone' }, at('2026-09-16 17:30'))).toMatchObject({ allowed: true, record: { basis: 'alone' } });
    expect(mayCollect(rules(), { kind: 'alone' }, MONDAY)).toEqual({ allowed: false, reason: 'alone_not_allowed_today', words: REFUSAL_WORDS.alone_not_allowed_today });
  });

  it('the day follows Shanghai time: 00:30 on Wednesday in Shanghai is still Tuesday in UTC', () => {
    expect(mayCollect(rules(), { kind: 'alone' }, at('2026-09-16 00:30'))).toMatchObject({ allowed: true });
  });

  it('every refusal has words in Chinese and English', () => {
    for (const words of Object.values(REFUSAL_WORDS)) expect(words.zh && words.en).toBeTruthy();
  });
});

describe('collection rules input', () => {
  it('the demo rules are sound', () => {
    expect(collectionRulesProblems(rules())).toEqual([]);
  });

  it('names each problem by its path', () => {
    const bad = rules({
      collectors: [MOTHER, { ...MOTHER, id: 'again', name: '王 芳' }, { ...GRANDPA, idLast4: '12', level: 'sometimes' as never }],
      delegations: [
        { id: 'd', name: '王芳', idLast4: '1234', date: '2026-9-14', from: '18:00', until: '17:00' },
        { id: 'e', name: ' ', idLast4: 'X123', date: '2026-09-14', from: '7:00', until: '17:00' },
      ],
      leaveAloneOn: [0 as never],
    });
    expect(collectionRulesProblems(bad).map((p) => p.field)).toEqual([
      'collectors[1]',
      'collectors[2].idLast4',
      'collectors[2].level',
      'delegations[0].date',
      'delegations[0].until',
      'delegations[0]',
      'delegations[1].name',
      'delegations[1].idLast4',
      'delegations[1].from',
      'leaveAloneOn[0]',
    ]);
  });
});
