// Small helpers the Blazor components call through JS interop.
window.portal = {
    // The navigation drawer opens and closes here, in the browser: <html data-drawer="open|closed"> overrides
    // the default of the screen size (app.css: open from 960 px, a closed overlay below).
    toggleDrawer: function () {
        var root = document.documentElement;
        var open = portal.wideScreen.matches ? root.dataset.drawer === 'closed' : root.dataset.drawer !== 'open';
        portal.setDrawer(open);
    },
    closeDrawer: function () {
        portal.setDrawer(false);
    },
    setDrawer: function (open) {
        document.documentElement.dataset.drawer = open ? 'open' : 'closed';
        var toggle = document.querySelector(portal.drawerToggle);
        if (toggle) {
            toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
        }
        if (open && !portal.wideScreen.matches) {
            portal.focusFirst(document, '#portal-drawer a');
        }
    },
    drawerToggle: '[aria-controls="portal-drawer"]',
    wideScreen: window.matchMedia('(min-width: 960px)'),

    focusFirst: function (root, selector) {
        var first = root.querySelector(selector);
        if (first) {
            first.focus();
        }
    },

    // Persists the theme in a cookie (server-side endpoint) so the next page load renders in it directly.
    saveTheme: function (theme) {
        return fetch('/preferences/theme/' + encodeURIComponent(theme), { redirect: 'manual', credentials: 'same-origin' })
            .then(function () { return true; }, function () { return false; });
    },
    // Copies text. The Clipboard API needs https (or localhost); a self-hosted portal on a plain LAN address
    // falls back to selecting the read-only field and the older copy command. False: the person copies by hand
    // (the field is left selected).
    copyText: async function (text, inputId) {
        try {
            if (navigator.clipboard && window.isSecureContext) {
                await navigator.clipboard.writeText(text);
                return true;
            }
        } catch (e) {
            // Permission refused: try the fallback.
        }
        var input = inputId ? document.getElementById(inputId) : null;
        if (input) {
            input.focus();
            input.select();
            try {
                return document.execCommand('copy');
            } catch (e) {
                return false;
            }
        }
        return false;
    },

    // Saves bytes sent from the server (a DotNetStreamReference) as a file download.
    downloadFile: async function (fileName, contentType, streamRef) {
        var buffer = await streamRef.arrayBuffer();
        var url = URL.createObjectURL(new Blob([buffer], { type: contentType }));
        var link = document.createElement('a');
        link.href = url;
        link.download = fileName;
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    }
};

// A change of screen size goes back to that size's default drawer (as MudDrawer's responsive mode did).
portal.wideScreen.addEventListener('change', function () {
    delete document.documentElement.dataset.drawer;
});

// Handlers live here, never in the markup: the Content-Security-Policy allows no inline script (onclick="…" included).
document.addEventListener('click', function (e) {
    if (!e.target.closest) {
        return;
    }
    if (e.target.closest(portal.drawerToggle)) {
        portal.toggleDrawer();
        return;
    }
    // On a narrow screen the drawer is an overlay: a tap beside it, or following one of its links, closes it.
    if (e.target.closest('.portal-drawer-scrim')
        || (!portal.wideScreen.matches && e.target.closest('#portal-drawer a'))) {
        portal.closeDrawer();
    }
});

// The set-password link's read-only field selects itself, ready to copy by hand.
document.addEventListener('focusin', function (e) {
    if (e.target.id === 'setup-link-input') {
        e.target.select();
    }
});

document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && !portal.wideScreen.matches && document.documentElement.dataset.drawer === 'open') {
        portal.closeDrawer();
        portal.focusFirst(document, portal.drawerToggle);
        return;
    }

    // The app bar's menus (native popovers, app.css .portal-menu-panel): arrow keys, Home and End move between items.
    var panel = e.target.closest && e.target.closest('.portal-menu-panel');
    if (!panel || ['ArrowDown', 'ArrowUp', 'Home', 'End'].indexOf(e.key) < 0) {
        return;
    }
    var items = Array.prototype.slice.call(panel.querySelectorAll('.portal-menu-item'));
    if (items.length === 0) {
        return;
    }
    var at = items.indexOf(document.activeElement);
    var next = e.key === 'Home' ? 0
        : e.key === 'End' ? items.length - 1
        : e.key === 'ArrowDown' ? (at + 1) % items.length
        : (at <= 0 ? items.length - 1 : at - 1);
    items[next].focus();
    e.preventDefault();
});

// A menu that opens puts the focus on its first item, so the keyboard can go on from there.
document.addEventListener('toggle', function (e) {
    if (e.newState === 'open' && e.target.classList && e.target.classList.contains('portal-menu-panel')) {
        portal.focusFirst(e.target, '.portal-menu-item');
    }
}, true);
