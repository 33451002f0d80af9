/** How a member's coded values read: tier and why, categories, diet, sex and age, address. */
import { useI18n } from 'vue-i18n';
import { useLocalText } from '@/composables/useLocalText';
import { ABILITY_GRADE_NAMES, CATEGORY_NAMES, type AbilityGrade, type Category } from '../../../../../domain/shared/categories';
import { DIETARY_TAG_NAMES, type DietaryTag, type Tier, type TierDecision } from '../canteen.api';
import { tierLabel as tierName } from '../tierLabel';

export { ABILITY_GRADES, CATEGORIES } from '../../../../../domain/shared/categories';

export function useMemberWords() {
  const { t } = useI18n();
  const { isEn, text } = useLocalText();
  const sep = () => (isEn.value ? ', ' : '、');

  const tierLabel = (tier: Tier) => text(tierName(tier));
  const reasonsText = (decision: TierDecision) => decision.reasons.map((r) => text(r)).join(sep());
  /** The reasons, unless they only repeat the tier's own name (80 岁以上 because 80 岁以上). */
  const extraReasons = (decision: TierDecision) => {
    const reasons = reasonsText(decision);
    return reasons === tierLabel(decision.tier) ? '' : reasons;
  };

  return {
    isEn,
    sep,
    tierLabel,
    reasonsText,
    extraReasons,
    categoryName: (c: Category) => text(CATEGORY_NAMES[c]),
    gradeName: (g: AbilityGrade) => text(ABILITY_GRADE_NAMES[g]),
    dietaryName: (tag: string) => text(DIETARY_TAG_NAMES[tag as DietaryTag]) || tag,
    sexName: (sex: 'male' | 'female') => t(`canteen.members.sex.${sex}`),
    ageText: (age: number) => t('canteen.members.list.ageYears', { age }),
    place: (building: string | null, room: string | null) => [building, room].filter(Boolean).join(' ') || '—',
  };
}
