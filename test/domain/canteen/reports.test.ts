import { dayClose, deliveryList, kitchenCounts, OrderLine } from '../../../domain/canteen';

function line(overrides: Partial<OrderLine> = {}): OrderLine {
  return {
    status: 'placed',
    setMealId: 'set-a',
    setMealName: 'A 套餐 红烧鱼',
    meal: 'lunch',
    channel: 'dine_in',
    quantity: 1,
    payment: 'wallet',
    amountFen: 800,
    subsidyFen: 700,
    tier: 'age80',
    staffId: 'staff-1',
    memberName: '张三丰',
    building: null,
    room: null,
    dietaryNotes: null,
    ...overrides,
  };
}

describe('kitchen counts', () => {
  it('when orders come in across meals, channels and set meals, then portions are counted per meal and set meal without cancelled ones', () => {
    const counts = kitchenCounts([
      line({ quantity: 2 }),
      line({ channel: 'delivery' }),
      line({ channel: 'pickup', status: 'served' }),
      line({ status: 'cancelled', quantity: 5 }),
      line({ setMealId: 'set-b', setMealName: 'B 套餐 清蒸鱼' }),
      line({ meal: 'breakfast', setMealId: 'bf', setMealName: '早餐 粥' }),
    ]);
    expect(counts).toEqual([
      { meal: 'breakfast', setMealId: 'bf', setMealName: '早餐 粥', portions: 1, byChannel: { dine_in: 1, pickup: 0, delivery: 0 } },
      { meal: 'lunch', setMealId: 'set-a', setMealName: 'A 套餐 红烧鱼', portions: 4, byChannel: { dine_in: 2, pickup: 1, delivery: 1 } },
      { meal: 'lunch', setMealId: 'set-b', setMealName: 'B 套餐 清蒸鱼', portions: 1, byChannel: { dine_in: 1, pickup: 0, delivery: 0 } },
    ]);
  });

  it('when there are no orders, then there is nothing to cook', () => {
    expect(kitchenCounts([line({ status: 'cancelled' })])).toEqual([]);
  });
});

describe('delivery list', () => {
  it('when deliveries go to several buildings, then they are grouped per meal and building in reading order with dietary notes', () => {
    const runs = deliveryList([
      line({ channel: 'delivery', building: '10栋', room: '1-301', memberName: '李四', dietaryNotes: '低盐' }),
      line({ channel: 'delivery', building: '2栋', room: '2-1201', memberName: '王五' }),
      line({ channel: 'delivery', building: '2栋', room: '2-201', memberName: '赵六', quantity: 2, dietaryNotes: '软食 无糖' }),
      line({ channel: 'delivery', building: null, memberName: '孙七' }),
      line({ channel: 'delivery', building: '2栋', status: 'cancelled', memberName: '周八' }),
      line({ channel: 'dine_in', building: '2栋', memberName: '吴九' }),
      line({ channel: 'delivery', meal: 'dinner', building: '2栋', room: '2-201', memberName: '赵六' }),
    ]);
    expect(runs.map((r) => r.meal)).toEqual(['lunch', 'dinner']);
    const lunch = runs[0].buildings;
    expect(lunch.map((b) => [b.building, b.portions])).toEqual([
      ['2栋', 3],
      ['10栋', 1],
      [null, 1],
    ]);
    expect(lunch[0].stops).toEqual([
      { memberName: '赵六', room: '2-201', setMealName: 'A 套餐 红烧鱼', quantity: 2, dietaryNotes: '软食 无糖' },
      { memberName: '王五', room: '2-1201', setMealName: 'A 套餐 红烧鱼', quantity: 1, dietaryNotes: null },
    ]);
    expect(lunch[1].stops[0].dietaryNotes).toBe('低盐');
  });
});

describe('day close', () => {
  it('when two staff took cash and wallet orders, then each gets takings by channel and subsidies by tier', () => {
    const closes = dayClose([
      line({ payment: 'cash', amountFen: 800 }),
      line({ payment: 'cash', channel: 'delivery', amountFen: 800 }),
      line({ payment: 'wallet', amountFen: 1600, quantity: 2, subsidyFen: 1400 }),
      line({ payment: 'cash', amountFen: 1500, subsidyFen: 0, tier: 'guest' }),
      line({ payment: 'external', amountFen: 0, subsidyFen: 1500, tier: 'tekun' }),
      line({ payment: 'cash', amountFen: 800, status: 'cancelled' }),
      line({ staffId: 'staff-0', payment: 'wallet', channel: 'pickup', amountFen: 600, subsidyFen: 400, tier: 'age70' }),
    ]);
    expect(closes.map((c) => c.staffId)).toEqual(['staff-0', 'staff-1']);
    const [first, second] = closes;
    expect(first.totals).toEqual({ wallet: 600, cash: 0, external: 0 });
    expect(first.subsidiesByTier).toEqual({ age70: { portions: 1, subsidyFen: 400 } });
    expect(second.takings.cash).toEqual({ dine_in: 2300, pickup: 0, delivery: 800 });
    expect(second.takings.wallet).toEqual({ dine_in: 1600, pickup: 0, delivery: 0 });
    expect(second.totals).toEqual({ wallet: 1600, cash: 3100, external: 0 });
    expect(second.subsidiesByTier).toEqual({
      age80: { portions: 4, subsidyFen: 2800 },
      tekun: { portions: 1, subsidyFen: 1500 },
    });
  });
});
