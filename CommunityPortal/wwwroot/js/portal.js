// Small helpers the Blazor components call through JS interop.
window.portal = {
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
