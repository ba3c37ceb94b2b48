using MudBlazor;

namespace Jarvis.Portal.Components.Layout;

/// <summary>Jarvis Portal's look: a deep "network operations" blue with a teal accent, in light and dark.</summary>
public static class PortalTheme
{
    private static readonly string[] FontStack =
        ["Inter", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"];

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1557B0",
            PrimaryContrastText = "#FFFFFF",
            Secondary = "#00897B",
            Info = "#0277BD",
            Success = "#2E7D32",
            // White on the filled warning button ("Overwrite with mine"): 5.4:1, over the 4.5:1 of WCAG AA for text.
            Warning = "#9A5B00",
            WarningContrastText = "#FFFFFF",
            Error = "#C62828",
            AppbarBackground = "#0E2545",
            AppbarText = "#F2F6FC",
            Background = "#F3F6FA",
            BackgroundGray = "#E9EEF5",
            Surface = "#FFFFFF",
            TextPrimary = "#16202E",
            TextSecondary = "#4D5B6E",
            ActionDefault = "#4D5B6E",
            LinesDefault = "#DCE3EC",
            TableLines = "#E4E9F0",
            TableHover = "#EEF4FD",
            Divider = "#DCE3EC",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#6EA8FF",
            PrimaryContrastText = "#0B1524",
            Secondary = "#4DB6AC",
            Info = "#4FC3F7",
            Success = "#66BB6A",
            Warning = "#FFB74D",
            WarningContrastText = "#0B1524",
            Error = "#FF6B6B",
            AppbarBackground = "#0A1422",
            AppbarText = "#E6EDF7",
            Background = "#0D1520",
            BackgroundGray = "#121C2A",
            Surface = "#152131",
            TextPrimary = "#E6EDF7",
            TextSecondary = "#A3B1C6",
            ActionDefault = "#A3B1C6",
            LinesDefault = "#25344A",
            TableLines = "#22314A",
            TableHover = "#1B2A40",
            Divider = "#25344A",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = FontStack },
            H4 = new H4Typography { FontFamily = FontStack, FontWeight = "650", FontSize = "1.75rem", LetterSpacing = "-0.01em" },
            H5 = new H5Typography { FontFamily = FontStack, FontWeight = "600" },
            Button = new ButtonTypography { FontFamily = FontStack, FontWeight = "600", TextTransform = "none" },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "10px", AppbarHeight = "64px" },
    };

    /// <summary>
    /// CSS custom properties for the brand colours where MudBlazor's palette variables are absent (the static login page)
    /// or must not follow dark mode (the logo and the login button keep the light primary): read from <see cref="Theme"/>.
    /// </summary>
    public static string BrandVariables { get; } =
        $"--jarvis-brand: {Theme.PaletteLight.Primary.Value}; --jarvis-brand-accent: {Theme.PaletteLight.Secondary.Value}; " +
        $"--jarvis-brand-dark: {Theme.PaletteDark.Primary.Value};";
}
