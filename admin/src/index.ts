import { Initializer } from './components/Initializer';
import { PluginIcon } from './components/PluginIcon';
import { UserRegistrationsPanel } from './components/UserRegistrationsPanel';
import { PLUGIN_ID } from './pluginId';
import { PERMISSIONS } from './permissions';
import { getTranslation } from './utils/getTranslation';

type TranslationModule = { default: Record<string, string> };

export default {
  register(app: any) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: PluginIcon,
      intlLabel: { id: getTranslation('plugin.name'), defaultMessage: 'SCORM Cloud' },
      // Shown when the admin holds any of these (Strapi keeps a menu link whose permissions match at least one).
      permissions: [...PERMISSIONS.coursesRead, ...PERMISSIONS.registrationsRead],
      Component: () => import('./pages/App'),
    });
    app.registerPlugin({ id: PLUGIN_ID, initializer: Initializer, isReady: false, name: PLUGIN_ID });
  },

  bootstrap(app: any) {
    // A user's edit view in the Content Manager links to their registrations.
    app.getPlugin('content-manager')?.apis?.addEditViewSidePanel?.([UserRegistrationsPanel]);
    app.addSettingsLink(
      { id: PLUGIN_ID, intlLabel: { id: getTranslation('settings.section'), defaultMessage: 'SCORM Cloud' } },
      {
        id: `${PLUGIN_ID}-configuration`,
        to: `${PLUGIN_ID}/configuration`,
        intlLabel: { id: getTranslation('settings.link'), defaultMessage: 'Configuration' },
        permissions: PERMISSIONS.settingsRead,
        Component: () => import('./pages/Settings'),
      },
    );
  },

  /**
   * Strapi asks for the locales the app offers (`config.locales` in the app's src/admin/app, English always);
   * the bundler includes every translations/*.json this template can name, so fr.json needs no list.
   */
  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        try {
          const { default: data } = (await import(`./translations/${locale}.json`)) as TranslationModule;
          return { data: prefixKeys(data), locale };
        } catch {
          return { data: {}, locale };
        }
      }),
    );
  },
};

const prefixKeys = (data: Record<string, string>) => Object.fromEntries(Object.entries(data).map(([key, value]) => [getTranslation(key), value]));
