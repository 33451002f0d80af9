/** A care level's name in the user's language (the site's default levels), never its code. */
import { useLocalText } from '@/composables/useLocalText';
import { DEFAULT_CARE_HOME_SETTINGS } from './carehome.api';

export function useCareLevelName() {
  const { text } = useLocalText();
  return (code: string) => text(DEFAULT_CARE_HOME_SETTINGS.careLevels.find((l) => l.code === code)) || code;
}
