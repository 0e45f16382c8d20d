// Small helpers the Blazor components call through JS interop.
window.portal = {
    // Persists the theme in a cookie (server-side endpoint) so the next page load renders in it directly.
    saveTheme: function (theme) {
        return fetch('/preferences/theme/' + encodeURIComponent(theme), { redirect: 'manual', credentials: 'same-origin' })
            .then(function () { return true; }, function () { return false; });
    }
};
