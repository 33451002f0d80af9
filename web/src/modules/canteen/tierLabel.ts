/** A tier's name as staff read it (会员（60–69 岁）, 80 岁以上 …), from the cost-sharing service lines. */
import { TIER_LABELS } from '../../../../domain/costsharing/service-lines';
import type { LocalText } from '@/composables/useLocalText';
import type { Tier } from './canteen.api';

export const tierLabel = (tier: Tier): LocalText => TIER_LABELS[tier] ?? { zh: tier, en: tier };
