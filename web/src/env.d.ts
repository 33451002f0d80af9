/// <reference types="vite/client" />

declare module '*.yml' {
  /**
   * Locale messages, precompiled from YAML by @intlify/unplugin-vue-i18n. Nesting is at most
   * three levels (e.g. `auth.errors.badCredentials`); a bounded type keeps vue-i18n's key
   * inference from recursing forever.
   */
  type Leaf = string;
  const messages: { [key: string]: Leaf | { [key: string]: Leaf | { [key: string]: Leaf } } };
  export default messages;
}
