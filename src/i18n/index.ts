/**
 * i18next set up once. Each feature owns one namespace file per language
 * (`locales/en/<namespace>.json`, `locales/zh/<namespace>.json`), so features never edit each other's strings.
 * All namespaces are bundled eagerly: they are small, and a UI string must never flash untranslated.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

export const LANGUAGES = ['en', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];

type Resources = Record<Language, Record<string, Record<string, unknown>>>;

function collectResources(): Resources {
  const files = import.meta.glob<{ default: Record<string, unknown> }>('./locales/*/*.json', { eager: true });
  const resources: Resources = { en: {}, zh: {} };
  for (const [path, mod] of Object.entries(files)) {
    const match = /\.\/locales\/(\w+)\/([\w-]+)\.json$/.exec(path);
    if (!match) continue;
    const [, lang, ns] = match as unknown as [string, Language, string];
    if (!resources[lang]) continue;
    resources[lang][ns] = mod.default;
  }
  return resources;
}

const STORAGE_KEY = 'flowbench.language';

export function initialLanguage(): Language {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  if (saved === 'en' || saved === 'zh') return saved;
  const nav = typeof navigator !== 'undefined' ? navigator.language : 'en';
  return nav.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export function setLanguage(lang: Language): void {
  localStorage.setItem(STORAGE_KEY, lang);
  void i18next.changeLanguage(lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

const resources = collectResources();

void i18next.use(initReactI18next).init({
  resources,
  lng: typeof window === 'undefined' ? 'en' : initialLanguage(),
  fallbackLng: 'en',
  ns: Object.keys(resources.en),
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export { i18next };
