/**
 * A service line's unit in words: 「每餐」 and 「3 餐」, "per meal" and "3 meals", with counts
 * grouped by thousands as everywhere else.
 */
import { type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { formatCount } from '@/ui/money';
import type { ServiceLine } from './costsharing.api';

export function useUnitWords(linesByCode: Readonly<Ref<Map<string, ServiceLine>>>) {
  const { t } = useI18n();
  const unitOf = (lineCode: string): string | undefined => linesByCode.value.get(lineCode)?.unit;

  /** 「每餐」, "per meal". */
  function perUnit(lineCode: string): string {
    const unit = unitOf(lineCode);
    return unit ? t(`costsharing.units.${unit}`) : '';
  }

  /** 「146,000 餐」, "146,000 meals". */
  function unitCount(lineCode: string, n: number): string {
    const unit = unitOf(lineCode);
    return unit ? t(`costsharing.unitCount.${unit}.${n === 1 ? 'one' : 'other'}`, { n: formatCount(n) }) : formatCount(n);
  }

  return { perUnit, unitCount };
}
