import { matchMember, memberSearchKeys, memberSortKey, SearchableMember } from '../../../domain/canteen';

function member(name: string, extra: Partial<SearchableMember> = {}): SearchableMember {
  return { cardNumber: 'XFL-0001', name, phone: '13800001234', idNumber: '42080219500301123X', ...extra };
}

describe('member search keys', () => {
  it('when the name is 张三丰, then the keys are zhangsanfeng and zsf', () => {
    expect(memberSearchKeys('张三丰')).toEqual({ pinyin: ['zhangsanfeng'], initials: ['zsf'] });
  });

  it('when the surname is polyphonic, then both the surname and the everyday reading are keys', () => {
    expect(memberSearchKeys('曾国藩')).toEqual({ pinyin: ['zengguofan', 'cengguofan'], initials: ['zgf', 'cgf'] });
    expect(memberSearchKeys('单雄信').pinyin).toEqual(['shanxiongxin', 'danxiongxin']);
  });

  it('when the name has ü or a separator, then ü is typed as v and separators are dropped', () => {
    expect(memberSearchKeys('吕梅').pinyin).toEqual(['lvmei']);
    expect(memberSearchKeys('阿依·买买提').initials[0]).toBe('aymmt');
  });
});

describe('member sort key', () => {
  it('keeps syllables apart, so chen sorts before cheng, and reads the first character as a surname', () => {
    expect(memberSortKey('陈淑珍')).toBe('chen shu zhen');
    expect(memberSortKey('单田芳')).toBe('shan tian fang');
    expect(memberSortKey('吕明')).toBe('lv ming');
    expect([memberSortKey('程秀梅'), memberSortKey('陈淑珍')].sort()).toEqual(['chen shu zhen', 'cheng xiu mei']);
  });
});

describe('counter search', () => {
  it('when the query is the card number, then the member is found as a card match', () => {
    expect(matchMember(' xfl-0001 ', member('张三丰'))).toEqual({ kind: 'card', score: 100 });
  });

  it('when the query is the last 4 digits of the phone, then it matches the phone', () => {
    expect(matchMember('1234', member('张三丰'))?.kind).toBe('phone_last4');
  });

  it('when the query is the last 4 of the ID number ending in x, then it matches the ID number', () => {
    expect(matchMember('123x', member('张三丰'))?.kind).toBe('id_last4');
  });

  it('when the query is the start of the name, then it matches by name', () => {
    expect(matchMember('张三', member('张三丰'))?.kind).toBe('name');
  });

  it('when the query is zsf, then 张三丰 is found by initials', () => {
    expect(matchMember('zsf', member('张三丰'))?.kind).toBe('initials');
    expect(matchMember('ZS', member('张三丰'))?.kind).toBe('initials');
  });

  it('when the query is the start of the full pinyin, then it matches by pinyin', () => {
    expect(matchMember('zhangsan', member('张三丰'))?.kind).toBe('pinyin');
  });

  it('when staff type the everyday reading of a polyphonic surname, then the member is still found', () => {
    expect(matchMember('dan', member('单雄信'))?.kind).toBe('pinyin');
    expect(matchMember('shanx', member('单雄信'))?.kind).toBe('pinyin');
  });

  it('when nothing matches or the query is blank, then there is no match', () => {
    expect(matchMember('wang', member('张三丰'))).toBeNull();
    expect(matchMember('  ', member('张三丰'))).toBeNull();
    expect(matchMember('9999', member('张三丰'))).toBeNull();
  });

  it('when results are sorted by score, then card beats phone beats name beats initials beats pinyin, and the fuller name first', () => {
    const members = [
      member('张三丰', { cardNumber: 'A1', phone: null, idNumber: null }),
      member('张三', { cardNumber: 'A2', phone: null, idNumber: null }),
      member('赵四', { cardNumber: 'A3', phone: null, idNumber: null }),
    ];
    const ranked = (q: string) =>
      members
        .map((m) => ({ name: m.name, match: matchMember(q, { ...m, keys: memberSearchKeys(m.name) }) }))
        .filter((r) => r.match !== null)
        .sort((a, b) => b.match!.score - a.match!.score)
        .map((r) => r.name);
    expect(ranked('张三')).toEqual(['张三', '张三丰']);
    expect(ranked('zs')).toEqual(['张三', '赵四', '张三丰']);
    expect(ranked('A3')).toEqual(['赵四']);
  });
});
