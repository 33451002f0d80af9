/**
 * The API words its field messages in English (`must not be empty`); the ones this tab
 * meets are said in the user's language, anything else is shown as the server wrote it.
 */
import { useI18n } from 'vue-i18n';

const KNOWN_MESSAGES: [RegExp, string][] = [
  [/^must not be empty$/, 'required'],
  [/^must list at least one dish$/, 'dishRequired'],
  [/^is already on offer for that date and meal$/, 'duplicateName'],
  [/^is a day the canteen does not serve$/, 'notServiceDay'],
  [/^must be at least the (\d+) portions already ordered$/, 'belowOrdered'],
  [/^must be at most (\d+) characters$/, 'tooLong'],
  [/^has (\d+) open orders$/, 'openOrders'],
  [/^is already a closing day$/, 'alreadyClosed'],
  [/^must be a date YYYY-MM-DD$/, 'badDate'],
];

export function useServerMessages() {
  const { t } = useI18n();
  return (message: string): string => {
    for (const [pattern, key] of KNOWN_MESSAGES) {
      const match = pattern.exec(message);
      if (match) return t(`canteen.plans.serverSays.${key}`, { n: match[1] ?? '' });
    }
    return t('canteen.plans.serverSays.other', { message });
  };
}
