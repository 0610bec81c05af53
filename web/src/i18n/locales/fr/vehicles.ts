/**
 * French messages of the vehicles feature (V2): camera capture of a carte grise and the progress
 * of the on-device reading.
 * French typography: U+00A0 before « : », U+202F before « ? ! ; ».
 */
export const vehiclesFr = {
  capture: {
    title: 'Photographier la carte grise',
    guide: 'Placez la carte grise dépliée, recto visible, dans le cadre, bande de lecture en bas.',
    video: 'Aperçu de la caméra arrière',
    starting: 'Ouverture de la caméra…',
    shoot: 'Prendre la photo',
    shooting: 'Photo en cours…',
    torchOn: 'Allumer la lampe',
    torchOff: 'Éteindre la lampe',
    takePhoto: 'Photographier avec l’appareil',
    chooseFile: 'Choisir une photo ou un PDF',
    fileHint: 'JPEG, PNG ou PDF (première page).',
    unsupportedFile: 'Ce fichier n’est pas une image JPEG ou PNG, ni un PDF.',
    denied:
      'L’accès à la caméra est refusé. Autorisez-le dans les réglages du navigateur, ou choisissez une photo ci-dessous.',
    unavailable: 'Aucune caméra n’est disponible ici. Choisissez une photo ou un PDF ci-dessous.',
    captureFailed: 'La photo n’a pas pu être prise. Réessayez, ou choisissez une photo ci-dessous.',
    hints: {
      tooDark: 'Trop sombre\u00a0: rapprochez-vous d’une lumière ou allumez la lampe.',
      holdStill: 'Ne bougez plus.',
      closer: 'Rapprochez-vous\u00a0: la carte grise doit remplir le cadre.',
      ready: 'Cadrage correct, vous pouvez prendre la photo.',
    },
  },
  ocr: {
    progress: {
      loadingModel: 'Préparation de la lecture…',
      decoding: 'Ouverture de l’image…',
      detecting: 'Recherche du document…',
      readingFields: 'Lecture des champs ({{done}}/{{total}})…',
    },
  },
};
