namespace BatchInference.Emulator.OpenAI.Chat;

/// <summary>One prompt message reduced to what the emulator needs: its role, its text and the tokens of its non-text parts.</summary>
internal sealed record ChatPromptMessage(string Role, string Text, int ExtraTokens);
