import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** Draws from one seeded generator: the same seed gives the same demo, draw for draw. */
export interface Random {
  /** In [0, 1). */
  float(): number;
  /** A whole number in [from, to], both included. */
  int(from: number, to: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** One item, as likely as its weight among the weights of all. */
  weighted<T>(table: readonly (readonly [T, number])[]): T;
}

export function seededRandom(seed: number): Random {
  const rng = xoroshiro128plus(seed);
  const float = () => uniformFloat64(rng);
  return {
    float,
    int: (from, to) => uniformInt(rng, from, to),
    chance: (p) => float() < p,
    pick: (items) => items[uniformInt(rng, 0, items.length - 1)],
    weighted(table) {
      let left = float() * table.reduce((sum, [, weight]) => sum + weight, 0);
      for (const [item, weight] of table) {
        left -= weight;
        if (left < 0) return item;
      }
      return table[table.length - 1][0];
    },
  };
}
