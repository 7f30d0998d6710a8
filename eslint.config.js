// ESLint flat config for the admin scripts (`make lint`): recommended rules, the
// browser's globals and Wagtail's own (window.wagtail, wagtailConfig, StimulusModule).
import js from '@eslint/js';
import globals from 'globals';

export default [
  js.configs.recommended,
  {
    files: ['wagtail_borderplan/static/**/*.js'],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'script',
      globals: {
        ...globals.browser,
        wagtail: 'readonly',
        wagtailConfig: 'readonly',
        StimulusModule: 'readonly',
      },
    },
  },
];
