/**
 * The API names wrong fields in English (problem+json `errors`). The messages a canteen
 * office meets most (ID numbers, duplicates, empty cells) are said in the user's language;
 * anything else is shown as the server wrote it, prefixed so it reads as the server's word.
 */
import { useI18n } from 'vue-i18n';

const KNOWN: [RegExp, string, ((m: RegExpExecArray) => Record<string, string>)?][] = [
  [/check character does not match/, 'check_digit'],
  [/17 digits followed by a digit or X/, 'format'],
  [/unknown province code (\d+)/, 'region', (m) => ({ code: m[1] })],
  [/is not a real birth date/, 'birth_date'],
  [/birth date in the future/, 'future'],
  [/is already registered at this site/, 'idTaken'],
  [/is already the card of/, 'cardTaken'],
  [/^must not be empty$/, 'empty'],
  [/^repeats row (\d+)$/, 'repeats', (m) => ({ row: m[1] })],
  [/must be a phone number/, 'phone'],
  [/must be 1–32 letters, digits or -/, 'card'],
  [/must not be before validFrom/, 'untilBeforeFrom'],
  [/must be 是\/否/, 'yesNo'],
  [/is not a known dietary note/, 'dietary'],
  [/must read category/, 'categoryFormat'],
  [/has unknown columns: (.+)$/, 'unknownColumns', (m) => ({ columns: m[1] })],
  [/needs a (\w+) column/, 'needsColumn', (m) => ({ column: m[1] })],
];

export function useServerText() {
  const { t, locale } = useI18n();
  return (message: string): string => {
    if (locale.value !== 'en') {
      for (const [pattern, key, params] of KNOWN) {
        const m = pattern.exec(message);
        if (m) return t(`canteen.members.server.${key}`, params ? params(m) : {});
      }
    }
    return t('canteen.members.server.rejected', { message });
  };
}
