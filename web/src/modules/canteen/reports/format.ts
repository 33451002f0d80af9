/** Small formatters the reports share. */
import { businessToday } from '@/ui/dates';

/** 'HH:mm:ss' in Asia/Shanghai, where the kitchen is, whatever the browser's zone. */
export function clockTime(at: Date): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(at);
}

/** 'YYYY-MM-DD HH:mm' in Asia/Shanghai, for the foot of a printed sheet. */
export function stampTime(at: Date): string {
  return `${businessToday(at)} ${clockTime(at).slice(0, 5)}`;
}

/** The domain's English names are lower case for running text; as a label or heading they start with a capital. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
