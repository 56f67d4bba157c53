namespace BatchInference.Ledger.Parquet.Pages;

/// <summary>Bytes one page takes in the chunk, header included, before and after compression.</summary>
internal readonly record struct PageSizes(int Uncompressed, int Compressed);
