Component({ externalClasses: ['custom-class'] });
