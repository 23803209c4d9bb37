/** What a version's model card holds, as the `model_card` gate rule and the views read it. */
export interface CardState {
  /** Relative to the repository root: cards/<name>@<version>.md */
  path: string;
  exists: boolean;
  /** Every `## ` section of the card in order; filled = holds text a person wrote (not only the prompt comment). */
  sections: { title: string; filled: boolean }[];
  /** The card cannot be read (broken front matter…): what and where (line). */
  error: string | null;
}
