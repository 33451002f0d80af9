/**
 * What a 居民身份证号 says as it is typed: nothing before 18 characters, then why it is not one
 * (in the form's own words for the domain's reason, else the words the server would use), or
 * the person it names: birth date, sex and age today. The server checks it again.
 */
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { businessToday } from '@/ui/dates';
import { ageOn, type IdNumberProblem, parseIdNumber } from '../../../domain/shared/identity';

export function useIdNumberCheck(typed: () => string, problemWords?: (reason: IdNumberProblem) => string) {
  const { t } = useI18n();
  return computed(() => {
    const number = typed().trim();
    if (number.length < 18) return null;
    const parsed = parseIdNumber(number);
    if (!parsed.ok) return { problem: problemWords ? problemWords(parsed.error.reason) : t(`serverText.codes.id_${parsed.error.reason}`) } as const;
    return { problem: null, birthDate: parsed.id.birthDate, sex: parsed.id.sex, age: ageOn(parsed.id.birthDate, businessToday()) } as const;
  });
}
