// A pipeline module that does not load: a queue worker started on it must fail its files with this reason.
throw new Error('broken on purpose: this module does not load');
