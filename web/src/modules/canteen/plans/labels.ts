/** The domain's English names are lower case for use mid-sentence ('breakfast'); a heading starts with a capital. */
export function asHeading(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
