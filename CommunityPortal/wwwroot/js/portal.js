// Small helpers the Blazor components call through JS interop.
window.portal = {
    // Persists the theme in a cookie (server-side endpoint) so the next page load renders in it directly.
    saveTheme: function (theme) {
        return fetch('/preferences/theme/' + encodeURIComponent(theme), { redirect: 'manual', credentials: 'same-origin' })
            .then(function () { return true; }, function () { return false; });
    },
    // Copies a read-only field's text. The Clipboard API needs HTTPS (or localhost); on plain HTTP the selected
    // text is copied the old way, and it stays selected so the person can press Ctrl+C if even that is refused.
    copyFromInput: async function (id) {
        var input = document.getElementById(id);
        if (!input) {
            return false;
        }
        input.focus();
        input.select();
        if (navigator.clipboard && window.isSecureContext) {
            try {
                await navigator.clipboard.writeText(input.value);
                return true;
            } catch (e) {
                // Permission refused: fall through to the selection.
            }
        }
        try {
            return document.execCommand('copy');
        } catch (e) {
            return false;
        }
    }
};
